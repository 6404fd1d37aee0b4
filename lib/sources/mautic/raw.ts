/**
 * Mautic's answers as zod schemas. Mautic is PHP: lists may come as objects keyed by id (contacts)
 * or, when empty, as `[]`; ids and totals may be numbers or strings. Fields we read are type-checked.
 */
import { z } from '../../model/zod';

const Id = z.union([z.number(), z.string().min(1).max(100)]).transform(String);
const Count = z.union([z.number(), z.string()]);

/** A PHP associative array: an object keyed by id, or `[]` when empty. */
function keyedList<T extends z.ZodType>(item: T) {
  return z.union([z.array(item), z.record(z.string(), item)]).transform((v): z.output<T>[] => (Array.isArray(v) ? v : Object.values(v)));
}

const FieldValue = z.union([z.string(), z.number(), z.boolean()]).nullable().optional();

export const Contact = z.object({
  id: Id,
  points: z.union([z.number(), z.string()]).nullable().optional(),
  stage: z.object({ name: z.string().nullable().optional() }).nullable().optional(),
  owner: z.object({ firstName: z.string().nullable().optional(), lastName: z.string().nullable().optional() }).nullable().optional(),
  lastActive: z.string().nullable().optional(),
  fields: z.object({ all: z.record(z.string(), FieldValue) }),
});
export type Contact = z.infer<typeof Contact>;

/** `GET /api/contacts?where…` — `total` is a string, `contacts` is keyed by id. */
export const ContactsResponse = z.object({ total: Count, contacts: keyedList(Contact) });

/** `GET /api/contacts/<id>` */
export const ContactResponse = z.object({ contact: Contact });

/** `POST /api/contacts/new`: 201 with the new contact, or 200 with the one the email matched. */
export const ContactCreated = z.object({ contact: z.object({ id: Id }) });

const EventLabel = z.union([z.string(), z.object({ label: z.string().nullable().optional(), href: z.string().nullable().optional() })]);

export const ActivityEvent = z.object({
  event: z.string().max(100),
  eventId: z.union([z.string(), z.number()]).optional(),
  eventLabel: EventLabel.nullable().optional(),
  eventType: z.string().nullable().optional(),
  timestamp: z.string(),
});
export type ActivityEvent = z.infer<typeof ActivityEvent>;

/** `GET /api/contacts/<id>/activity` */
export const ActivityResponse = z.object({ events: keyedList(ActivityEvent) });

/** `POST /oauth/v2/token` */
export const TokenResponse = z.object({ access_token: z.string().min(1).max(4000), expires_in: z.number().positive() });

/** `POST /api/notes/new` → 201 */
export const NoteCreated = z.object({ note: z.object({ id: Id }) });

/** `GET /api/notes?search=…` */
export const NotesResponse = z.object({
  total: Count.optional(),
  notes: keyedList(z.object({ id: Id, text: z.string().nullable().optional() })),
});

/** `GET /api/notes`: a note's text is the rep's words and stays in the background; only who, how and when are read. */
export const TeamNote = z.object({
  id: Id,
  type: z.string().nullable().optional(),
  dateTime: z.string().nullable().optional(),
  dateAdded: z.string().nullable().optional(),
  createdByUser: z.string().nullable().optional(),
});
export const TeamNotesResponse = z.object({ notes: keyedList(TeamNote) });
