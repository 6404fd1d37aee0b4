/**
 * HubSpot's answers as zod schemas: what the connector reads, validated where it enters. Objects
 * are loose (HubSpot adds fields freely); the fields we read are checked for type.
 */
import { z } from '../../model/zod';

/** HubSpot returns every property value as a string, or null when unset. */
export const Properties = z.record(z.string(), z.string().nullable());

export const CrmObject = z.object({
  id: z.string().min(1).max(100),
  properties: Properties,
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  archived: z.boolean().optional(),
});
export type CrmObject = z.infer<typeof CrmObject>;

/** `POST /crm/v3/objects/contacts/batch/read`: 200, or 207 with `errors` for ids it does not know. */
export const BatchReadResponse = z.object({
  status: z.string().optional(),
  results: z.array(CrmObject),
  numErrors: z.number().optional(),
});

const Paging = z.object({ next: z.object({ after: z.string() }).optional() }).optional();

/** `POST /crm/v3/objects/<type>/search` */
export const SearchResponse = z.object({
  total: z.number(),
  results: z.array(CrmObject),
  paging: Paging,
});

/**
 * `GET /marketing/v3/marketing-events/participations/contacts/<id>/breakdown`. Only what the card
 * reads is checked: HubSpot answers a registration nobody attended with `attendanceDurationSeconds`
 * and `attendancePercentage` null, and a field we never read must not make the answer unreadable.
 * The times and names the mapper copes without may be null too.
 */
export const Participation = z.object({
  createdAt: z.string().nullish(),
  properties: z.object({
    attendanceState: z.string(),
    occurredAt: z.union([z.string(), z.number()]).nullish(),
  }),
  associations: z.object({
    marketingEvent: z
      .object({
        marketingEventId: z.string().max(200),
        name: z.string().nullish(),
      })
      .nullish(),
  }),
});
export type Participation = z.infer<typeof Participation>;

/**
 * One entry HubSpot words in a way we cannot read is left out, not the person's other entries: a
 * person's webinars are never worth the whole lookup.
 */
export const ParticipationsResponse = z.object({
  results: z.array(z.unknown()).transform((entries) =>
    entries.flatMap((entry) => {
      const parsed = Participation.safeParse(entry);
      return parsed.success ? [parsed.data] : [];
    }),
  ),
  paging: Paging,
});

/** `GET /crm/v3/owners` */
export const Owner = z.object({
  id: z.string(),
  email: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  userId: z.number().optional(),
});
export type Owner = z.infer<typeof Owner>;

export const OwnersResponse = z.object({ results: z.array(Owner), paging: Paging });

/** `POST /crm/v3/objects/<type>` answers with the created object. */
export const CreatedResponse = z.object({ id: z.string().min(1).max(100) });

/** `POST /crm/v3/objects/<type>/batch/read` for any object: 207 with `errors` for deleted or unknown ids. */
export const ObjectsBatchResponse = BatchReadResponse;

/** `GET /crm/v4/objects/<from>/<id>/associations/<to>`: the associated ids (numbers in v4), paged. */
export const AssociationsResponse = z.object({
  results: z.array(z.object({ toObjectId: z.union([z.number(), z.string()]) })),
  paging: Paging,
});

/** `GET /crm/v3/pipelines/deals`: stage ids to labels, and which stages are closed. */
export const PipelinesResponse = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      label: z.string().optional(),
      stages: z.array(
        z.object({
          id: z.string(),
          label: z.string().optional(),
          metadata: z.record(z.string(), z.unknown()).optional(),
        }),
      ),
    }),
  ),
});
export type PipelinesResponse = z.infer<typeof PipelinesResponse>;
