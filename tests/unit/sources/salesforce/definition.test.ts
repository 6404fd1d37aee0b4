// @vitest-environment node
/** The addresses and names a Salesforce connection accepts: tokens and codes go to Salesforce and nowhere else. */
import { describe, expect, it } from 'vitest';
import { isSalesforceInstanceUrl, loginOrigin, SalesforceConnection } from '@/lib/sources/salesforce/definition';
import { recordLink } from '@/lib/sources/salesforce/map';

describe('login host', () => {
  it.each([
    ['login.salesforce.com', 'https://login.salesforce.com'],
    ['test.salesforce.com', 'https://test.salesforce.com'],
    ['https://acme.my.salesforce.com/', 'https://acme.my.salesforce.com'],
    ['ACME--uat.sandbox.my.salesforce.com', 'https://acme--uat.sandbox.my.salesforce.com'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
  ])('%s → %s', (value, origin) => expect(loginOrigin(value)).toBe(origin));

  it.each([
    'login.salesforce.com.evil.example',
    'evil.example/login.salesforce.com',
    'https://user:pw@login.salesforce.com',
    'http://login.salesforce.com',
    'https://login.salesforce.com:8443',
    'https://login.salesforce.com/services/oauth2/authorize',
    'my.salesforce.com',
    'javascript:alert(1)',
    '',
  ])('refuses %j', (value) => expect(loginOrigin(value)).toBeUndefined());
});

describe('instance URL and links', () => {
  it('accepts Salesforce hosts over https, and loopback for tests only', () => {
    expect(isSalesforceInstanceUrl('https://acme.my.salesforce.com')).toBe(true);
    expect(isSalesforceInstanceUrl('https://na123.salesforce.com')).toBe(true);
    expect(isSalesforceInstanceUrl('http://127.0.0.1:9000')).toBe(true);
    expect(isSalesforceInstanceUrl('https://acme.my.salesforce.com.evil.example')).toBe(false);
    expect(isSalesforceInstanceUrl('http://acme.my.salesforce.com')).toBe(false);
  });

  it('links records in Lightning over https only', () => {
    expect(recordLink('https://acme.my.salesforce.com', 'Lead', '00Q000000000001AAA')).toBe('https://acme.my.salesforce.com/lightning/r/Lead/00Q000000000001AAA/view');
    expect(recordLink('http://127.0.0.1:9000', 'Lead', '00Q000000000001AAA')).toBeUndefined();
  });
});

describe('settings', () => {
  it('takes a Contact stage field only as an API name', () => {
    const parse = (contactStageField: string) => SalesforceConnection.safeParse({ consumerKey: '3MVG9abcdefghij', contactStageField }).success;
    expect(parse('Lifecycle_Stage__c')).toBe(true);
    expect(parse('Stage" : "x')).toBe(false);
    expect(parse('__proto__')).toBe(false);
  });
});
