import { registerBackgroundHandlers } from '../../utils/background/register';

export default defineBackground(() => {
  // Listeners must be registered synchronously so a worker woken by a message receives it.
  registerBackgroundHandlers();
});
