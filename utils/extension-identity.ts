// Public half of the key that fixes the Chromium extension ID (base64 DER SPKI).
// ID = first 32 hex digits of sha256(DER), mapped 0-f -> a-p. Checked by test/unit/extension-identity.test.ts.
export const EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApYUIry+4UsGvMUqhXlqwT0gZitNAGvd5xmm/zCgbG6AKxHxwZ29qvNwhbhO56GohTtBBM7wmM6d2HeCyvxR5V3kZLEYST96w61koLniKfxvtZKas9zwzpNCa8E5NbC4YYzeZMYsvsR14nTq9K69PZ3ui+JSc9XFGwWsFAqfvhTELOOMppygpnqEAB42Oi9X5HTvo6dQXMFA6At1yX/iiunuo3RwRYRFxklzLC0eZo3L1uWn4RAHvIaBfngsU2AAn664FSnh15q2SqgYz6gRkuqJLUpNyjpbxDgWB9zAxXa9CVKkQeG2B18HjGbA+g5ImyNFZdgNabhZ1mMH7NC6IlwIDAQAB';

export const CHROMIUM_EXTENSION_ID = 'bihmdpidohpbkmlopegalhijmdkjmanp';

/** The OAuth redirect URI that Chromium's identity.getRedirectURL() returns for this ID. */
export const CHROMIUM_REDIRECT_URI = `https://${CHROMIUM_EXTENSION_ID}.chromiumapp.org/`;
