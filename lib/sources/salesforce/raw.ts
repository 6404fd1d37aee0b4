/**
 * Salesforce's answers as zod schemas, validated where they enter. Objects are loose (orgs add
 * fields); what the connector reads is checked for type, and every id for Salesforce's id alphabet.
 */
import { z } from '../../model/zod';

const Id = z.string().regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/);
const Text = z.string().max(32_000).nullish();
const Named = z.object({ Name: Text }).nullish();

export const LeadRecord = z.object({
  Id,
  Name: Text,
  Title: Text,
  Company: Text,
  Email: Text,
  Status: Text,
  Rating: Text,
  OwnerId: Id.nullish(),
  Owner: Named,
  LastModifiedDate: Text,
});
export type LeadRecord = z.infer<typeof LeadRecord>;

export const ContactRecord = z.object({
  Id,
  Name: Text,
  Title: Text,
  Email: Text,
  AccountId: Id.nullish(),
  Account: Named,
  OwnerId: Id.nullish(),
  Owner: Named,
  LastModifiedDate: Text,
});
export type ContactRecord = z.infer<typeof ContactRecord>;

export const CampaignMemberRecord = z.object({
  Id,
  LeadId: Id.nullish(),
  ContactId: Id.nullish(),
  Campaign: z.object({ Name: Text, Type: Text }).nullish(),
  Status: Text,
  HasResponded: z.boolean().nullish(),
  FirstRespondedDate: Text,
  CreatedDate: Text,
});
export type CampaignMemberRecord = z.infer<typeof CampaignMemberRecord>;

export const TaskRecord = z.object({
  Id,
  WhoId: Id.nullish(),
  Subject: Text,
  TaskSubtype: Text,
  ActivityDate: Text,
  Status: Text,
  Owner: Named,
  CreatedDate: Text,
});
export type TaskRecord = z.infer<typeof TaskRecord>;

export const EventRecord = z.object({
  Id,
  WhoId: Id.nullish(),
  Subject: Text,
  StartDateTime: Text,
  EndDateTime: Text,
  Owner: Named,
  CreatedDate: Text,
});
export type EventRecord = z.infer<typeof EventRecord>;

export const OpportunityRecord = z.object({
  Id,
  AccountId: Id.nullish(),
  Name: Text,
  StageName: Text,
  Amount: z.number().nullish(),
  CloseDate: Text,
  Owner: Named,
});
export type OpportunityRecord = z.infer<typeof OpportunityRecord>;

export const MarkedRecord = z.object({ Id, Description: Text, CreatedDate: Text });

/** A Task as the lead feedback page reads it back (feedback.ts). */
export const FeedbackTaskRecord = z.object({ Id, WhoId: Id.nullish(), Subject: Text, Description: Text, CreatedDate: Text });

/** A Lead or Contact by id: who a feedback Task is about. */
export const PersonRecord = z.object({ Id, Name: Text, Email: Text });

/**
 * A query answer's envelope, all the client reads to follow its next batches (client.ts); the
 * caller's `queryResponse` checks the records.
 */
export const QueryPage = z.object({ done: z.boolean(), records: z.array(z.unknown()).max(2000), nextRecordsUrl: z.string().max(500).optional() }).passthrough();

/** `GET …/query?q=`, its batches joined by the client: `done` is false when it did not read them all. */
export function queryResponse<T extends z.ZodType>(record: T) {
  return z.object({ totalSize: z.number(), done: z.boolean(), records: z.array(record).max(2000), nextRecordsUrl: z.string().optional() });
}

/** `POST …/sobjects/<type>` */
export const CreatedResponse = z.object({ id: Id, success: z.boolean() });

/** REST errors: `[{ message, errorCode, fields? }]`. */
export const RestErrors = z.array(z.object({ message: z.string(), errorCode: z.string(), fields: z.array(z.string()).optional() })).min(1);

/** The token endpoint's answer (authorization code and refresh grants). */
export const TokenResponse = z.object({
  access_token: z.string().min(1).max(4000),
  refresh_token: z.string().min(1).max(4000).optional(),
  instance_url: z.string().max(500),
  id: z.string().max(500).optional(),
  token_type: z.string().optional(),
  issued_at: z.string().optional(),
  scope: z.string().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

/** The token endpoint's failures: `{ error, error_description }`. */
export const OAuthError = z.object({ error: z.string().max(200), error_description: z.string().max(500).optional() });
