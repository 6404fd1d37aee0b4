/** Shared set-up for the Salesforce tests: a loopback org, a session obtained through its OAuth endpoints, and a client. */
import { createHash, randomBytes } from 'node:crypto';
import { salesforceClient, resetApiUsage, type SalesforceOptions } from '@/lib/sources/salesforce/client';
import { SalesforceConnection } from '@/lib/sources/salesforce/definition';
import { type SalesforceMock, type SalesforceMockOptions, startSalesforceMock } from '@/lib/sources/salesforce/mock';

const b64url = (bytes: Buffer) => bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Signs in at the mock the way the connect step does (authorize with a PKCE challenge, then the code for tokens). */
export async function signIn(mock: SalesforceMock): Promise<{ accessToken: string; refreshToken: string; instanceUrl: string }> {
  const verifier = b64url(randomBytes(48));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  const authorize = new URL(`${mock.url}/services/oauth2/authorize`);
  for (const [k, v] of Object.entries({ response_type: 'code', client_id: mock.consumerKey, redirect_uri: mock.callbackUrl, code_challenge: challenge, code_challenge_method: 'S256', state: 's1', scope: 'api refresh_token' })) {
    authorize.searchParams.set(k, v);
  }
  const redirect = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!;
  const form = new URLSearchParams({ grant_type: 'authorization_code', code, client_id: mock.consumerKey, redirect_uri: mock.callbackUrl, code_verifier: verifier });
  const answer = (await (await fetch(`${mock.url}/services/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form })).json()) as Record<string, string>;
  return { accessToken: answer.access_token!, refreshToken: answer.refresh_token!, instanceUrl: answer.instance_url! };
}

export interface Org {
  mock: SalesforceMock;
  /** What the connector saved as its credentials (the secrets store's part). */
  saved: Record<string, string>;
  config: SalesforceConnection;
  client(options?: SalesforceOptions): ReturnType<typeof salesforceClient>;
}

export async function startOrg(options: SalesforceMockOptions = {}): Promise<Org> {
  resetApiUsage();
  const mock = await startSalesforceMock(options);
  const tokens = await signIn(mock);
  const org: Org = {
    mock,
    saved: { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken },
    config: SalesforceConnection.parse({ loginHost: mock.url, consumerKey: mock.consumerKey, instanceUrl: tokens.instanceUrl }),
    client: (clientOptions) =>
      salesforceClient(
        {
          instanceUrl: org.config.instanceUrl!,
          consumerKey: org.config.consumerKey,
          credentials: { ...org.saved },
          saveCredentials: async (values) => {
            org.saved = values;
          },
        },
        (input, init) => fetch(input, init),
        clientOptions,
      ),
  };
  return org;
}

/** The REST requests the org received (OAuth endpoints left out). */
export function restRequests(mock: SalesforceMock) {
  return mock.requests.filter((r) => r.path.startsWith('/services/data/'));
}

export function soqlOf(mock: SalesforceMock): string[] {
  return restRequests(mock).flatMap((r) => (r.path.endsWith('/query') ? [r.query.get('q') ?? ''] : []));
}
