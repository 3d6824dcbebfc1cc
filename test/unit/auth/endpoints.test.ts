import { describe, expect, it } from 'vitest';
import * as oauth from 'oauth4webapi';
import { isLoopbackHost, normalizeBaseUri, oauthRequestOptions, resolveAuthServer } from '../../../utils/auth/endpoints';
import { AuthError } from '../../../utils/auth/errors';

const fakeFetch = async () => new Response('{}');

describe('resolveAuthServer', () => {
  it('maps demo and production to DocuSign account servers, https only', () => {
    const demo = resolveAuthServer('demo');
    expect(demo.baseUrl).toBe('https://account-d.docusign.com');
    expect(demo.as.authorization_endpoint).toBe('https://account-d.docusign.com/oauth/auth');
    expect(demo.as.token_endpoint).toBe('https://account-d.docusign.com/oauth/token');
    expect(demo.as.userinfo_endpoint).toBe('https://account-d.docusign.com/oauth/userinfo');
    expect(demo.insecureLoopback).toBe(false);
    expect(resolveAuthServer('production').as.issuer).toBe('https://account.docusign.com');
  });

  it('accepts explicit https servers and http only on loopback', () => {
    expect(resolveAuthServer('https://auth.example.com/').baseUrl).toBe('https://auth.example.com');
    expect(resolveAuthServer('https://auth.example.com/').insecureLoopback).toBe(false);
    for (const url of ['http://127.0.0.1:4567', 'http://127.10.0.2', 'http://localhost:80', 'http://[::1]:9000']) {
      const server = resolveAuthServer(url);
      expect(server.insecureLoopback, url).toBe(true);
      expect(server.as.token_endpoint).toBe(`${server.baseUrl}/oauth/token`);
    }
    for (const url of ['http://example.com', 'http://128.0.0.1', 'http://localhost.example.com', 'ftp://127.0.0.1', 'nonsense', 'https://u:p@auth.example.com', 'https://auth.example.com/?x=1']) {
      expect(() => resolveAuthServer(url), url).toThrow(AuthError);
      try {
        resolveAuthServer(url);
      } catch (err) {
        expect((err as AuthError).code).toBe('invalid_config');
      }
    }
  });

  it('enables allowInsecureRequests only for loopback http servers', () => {
    const secure = oauthRequestOptions(resolveAuthServer('demo'), fakeFetch);
    expect(secure[oauth.allowInsecureRequests]).toBeUndefined();
    expect(secure[oauth.customFetch]).toBe(fakeFetch);
    const loopback = oauthRequestOptions(resolveAuthServer('http://127.0.0.1:1234'), fakeFetch);
    expect(loopback[oauth.allowInsecureRequests]).toBe(true);
    const httpsLoopback = oauthRequestOptions(resolveAuthServer('https://127.0.0.1:1234'), fakeFetch);
    expect(httpsLoopback[oauth.allowInsecureRequests]).toBeUndefined();
  });

  it('recognises loopback hosts and normalises base URIs', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('127.255.255.254')).toBe(true);
    expect(isLoopbackHost('127.0.0.256')).toBe(false);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(normalizeBaseUri('https://EU.docusign.net/')).toBe('https://eu.docusign.net');
    expect(normalizeBaseUri('https://eu.docusign.net:443/restapi')).toBe('https://eu.docusign.net');
    expect(normalizeBaseUri('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
    expect(normalizeBaseUri('eu.docusign.net')).toBeUndefined();
  });
});
