import { SourceKind } from './engagement';
import { isCandidateConsistent, isNameKeyWellFormed, PERSON_KEY } from './person-key';
import { z } from './zod';

export const SourceRef = z.object({
  source: SourceKind,
  externalId: z.string().max(200),
  /** Deep link into the source's own UI; only https links are ever rendered. */
  url: z.string().max(2000).optional(),
});
export type SourceRef = z.infer<typeof SourceRef>;

/**
 * The fields an import row sets that it dates (docs/architecture.md, "Import and storage"): the newest
 * value wins, whatever the order of the rows or of the files.
 */
export const DATED_FIELDS = ['name', 'company', 'title', 'linkedinUrl', 'lifecycleStage', 'leadScore', 'owner'] as const;
export type DatedField = (typeof DATED_FIELDS)[number];

const Instant = z.iso.datetime({ offset: true });

export const Prospect = z.object({
  /** Normalised email, `linkedin:<slug>` or `linkedin-sales:<lead id>`. Never changes once stored. */
  key: z.string().min(1).max(320),
  emails: z.array(z.string().max(320)).max(50),
  name: z.string().max(300).optional(),
  company: z.string().max(300).optional(),
  /** Email domain of the primary address (lower-case), for domain → company suggestions. */
  domain: z.string().max(255).optional(),
  title: z.string().max(300).optional(),
  linkedinUrl: z.string().max(500).optional(),
  lifecycleStage: z.string().max(100).optional(),
  leadScore: z.number().int().optional(),
  owner: z.string().max(200).optional(),
  refs: z.array(SourceRef).max(20).default([]),
  /** The import file or demo set that created this prospect. */
  origin: z.string().max(100).optional(),
  /**
   * Per field, the time its value is as of: the newest import row that gave it (its event's time; a row
   * without one, as of its import). Absent for a value no import dated (typed by the rep, a CRM, or a
   * record from before dates were kept): any import row replaces such a value, as before.
   */
  asOf: z
    .object({
      name: Instant.optional(),
      company: Instant.optional(),
      title: Instant.optional(),
      linkedinUrl: Instant.optional(),
      lifecycleStage: Instant.optional(),
      leadScore: Instant.optional(),
      owner: Instant.optional(),
    } satisfies Record<DatedField, unknown>)
    .optional(),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
});
export type Prospect = z.infer<typeof Prospect>;


/** What a detector found on a page: not yet resolved against any store. */
export const Candidate = z
  .object({
    /**
     * The detected key: normalised email, linkedin key, or `name:<normalised name>` for a person shown
     * by name only — such a candidate carries its name and never an address (the background resolves
     * the name; it must not be mistaken for an address someone typed).
     */
    key: z.string().min(1).max(320),
    email: z.string().max(320).optional(),
    name: z.string().max(300).optional(),
    title: z.string().max(300).optional(),
    company: z.string().max(300).optional(),
    linkedinUrl: z.string().max(500).optional(),
    /** How the page relates this person to the open item: sender, to, cc, compose recipient, profile… */
    role: z.enum(['from', 'to', 'cc', 'compose', 'profile', 'lead', 'message', 'lookup']).optional(),
    /**
     * Set (true) only on the sender of the open thread's newest message: the background puts that
     * person's card first (lib/background/ordering.ts). Absent everywhere else.
     */
    newest: z.literal(true).optional(),
  })
  // A person, never a list entry: a content script that could claim `@northwind.example` was on its page
  // could then mute, or look through, a whole domain (requests about "people the tab shows").
  .refine((c) => PERSON_KEY.test(c.key), { message: 'A detected key is an address, a LinkedIn key or a name key', path: ['key'] })
  // No "@" anywhere in a name key: code that tells addresses by their "@" (destinations) never takes it for one.
  .refine(isNameKeyWellFormed, {
    message: 'A name key carries a name and no address',
    path: ['key'],
  })
  .refine(isCandidateConsistent, { message: "A candidate's address and profile are those its key names", path: ['key'] });
export type Candidate = z.infer<typeof Candidate>;
