/**
 * The DocuSign eSignature v2.1 JSON shapes the extension sends and reads (subset of the official
 * swagger definitions `envelopeDefinition`, `document`, `signer`, `recipients`, `customFields`,
 * `envelopeSummary`, `envelopesInformation`, `errorDetails`, and the current `envelopeViewRequest`).
 * DocuSign types most numbers and booleans as strings ("1", "true"): so do these types.
 */

export type EnvelopeCreateStatus = 'created' | 'sent';

export interface DocumentDefinition {
  documentId: string;
  name: string;
  /** Lower case, no dot. DocuSign requires it for anything but PDF; always set here. */
  fileExtension: string;
  documentBase64: string;
}

export interface RecipientDefinition {
  email: string;
  name: string;
  recipientId: string;
  routingOrder: string;
}

export interface TextCustomField {
  name: string;
  value: string;
  show: 'true' | 'false';
  required: 'true' | 'false';
}

export interface EnvelopeDefinition {
  emailSubject: string;
  emailBlurb?: string;
  status: EnvelopeCreateStatus;
  transactionId?: string;
  documents: DocumentDefinition[];
  recipients: {
    signers: RecipientDefinition[];
    carbonCopies?: RecipientDefinition[];
  };
  customFields?: { textCustomFields: TextCustomField[] };
}

/** 201 response of POST /envelopes. */
export interface EnvelopeSummary {
  envelopeId: string;
  status: string;
  statusDateTime?: string;
  uri?: string;
}

/** One envelope as returned by GET /envelopes/{id} and in `envelopesInformation.envelopes[]`. */
export interface EnvelopeInfo {
  envelopeId: string;
  /** Lower case (DocuSign: created, sent, delivered, signed, completed, declined, voided, ...). */
  status: string;
  transactionId?: string;
  emailSubject?: string;
  statusChangedDateTime?: string;
  createdDateTime?: string;
  sentDateTime?: string;
  completedDateTime?: string;
  declinedDateTime?: string;
  voidedDateTime?: string;
  lastModifiedDateTime?: string;
}

/** Sender view settings (envelopeViewSettings). Booleans are strings, as in DocuSign's examples. */
export interface SenderViewSettings {
  /** 'Tagger' (place fields) or 'Prepare' (recipients and documents first). */
  startingScreen?: 'Tagger' | 'Prepare';
  /** 'send' (the button sends) or 'redirect' (the button returns to returnUrl without sending). */
  sendButtonAction?: 'send' | 'redirect';
  showBackButton?: 'true' | 'false';
  backButtonAction?: string;
  showHeaderActions?: 'true' | 'false';
  showDiscardAction?: 'true' | 'false';
  showAdvancedOptions?: 'true' | 'false';
  [setting: string]: unknown;
}

/** The current (2024+) sender view request body. */
export interface EnvelopeViewRequest {
  returnUrl: string;
  viewAccess: 'envelope';
  settings: SenderViewSettings;
}

/** DocuSign's `errorDetails`. */
export interface ErrorDetails {
  errorCode?: string;
  message?: string;
}
