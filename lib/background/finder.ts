/** The identity resolver's view of the local store. */
import type { ProspectFinder } from '../match/resolve';
import { chosenFor } from '../store/matches';
import { findByDomain, findByEmail, findByLinkedin, findByName, getProspect } from '../store/prospects';

export const storeFinder: ProspectFinder = {
  get: getProspect,
  byEmail: findByEmail,
  byLinkedin: findByLinkedin,
  byDomain: findByDomain,
  byName: findByName,
  chosen: chosenFor,
};
