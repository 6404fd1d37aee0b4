/**
 * The one place zod is imported from. MV3's content security policy forbids `new Function`,
 * which zod 4 uses to compile validators unless it runs `jitless`; configuring it here, before
 * any schema is built, covers every context that imports a schema.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
