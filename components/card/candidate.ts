import type { Candidate } from '@/lib/model/prospect';
import type { ProspectView } from '@/lib/model/view';

/** What "Save this person" sends: the person as the page showed them, under the detected key. */
export function candidateFromView(view: ProspectView): Candidate {
  const { prospect } = view;
  return {
    key: view.detectedKey,
    email: prospect.emails[0],
    name: prospect.name,
    title: prospect.title,
    company: prospect.company,
    linkedinUrl: prospect.linkedinUrl,
  };
}
