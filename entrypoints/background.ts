import '@/lib/model/zod';

export default defineBackground({
  type: 'module',
  main() {},
});
