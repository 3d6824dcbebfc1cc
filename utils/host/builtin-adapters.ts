import type { HostAdapter } from './adapter-types';

/**
 * Selectors for the demo host app (test/host-app). All host-page selectors for a host live in
 * one adapter object like this one; test/unit/host/adapter-fixtures.test.ts checks them against
 * saved pages so a markup change in the host is caught by a failing test, not by users.
 */
export const DEMO_HOST_ADAPTER: HostAdapter = {
  id: 'demo-host',
  label: 'Demo business app',
  matches: ['http://127.0.0.1/*', 'http://localhost/*'],
  user: {
    container: '#current-user',
    id: { attribute: 'data-user-id' },
    email: { attribute: 'data-email' },
    name: { selector: '.user-name' },
    attributes: {
      region: { attribute: 'data-region' },
      country: { attribute: 'data-country' },
      department: { attribute: 'data-department' },
    },
  },
  documents: [
    {
      // Rows of the documents list.
      item: 'tr.doc-row',
      anchor: 'td.doc-actions',
      url: { selector: 'a.doc-link', attribute: 'href' },
      name: { selector: 'a.doc-link', attribute: 'data-file-name' },
      fileType: { selector: 'a.doc-link', attribute: 'data-file-type' },
      recipientName: { selector: '.doc-contact', attribute: 'data-contact-name' },
      recipientEmail: { selector: '.doc-contact', attribute: 'data-contact-email' },
    },
    {
      // Attachments on a record page; their recipient is the record's contact (pageRecipient).
      item: 'li.attachment',
      anchor: '.doc-actions',
      url: { selector: 'a.doc-link', attribute: 'href' },
      name: { selector: 'a.doc-link', attribute: 'data-file-name' },
      fileType: { selector: 'a.doc-link', attribute: 'data-file-type' },
    },
  ],
  pageRecipient: {
    container: 'section.record .contact',
    name: { selector: '.contact-name' },
    email: { selector: '.contact-email' },
  },
};

export const BUILTIN_ADAPTERS: readonly HostAdapter[] = [DEMO_HOST_ADAPTER];
