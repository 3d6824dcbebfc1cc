export default defineBackground(() => {
  console.log('[swd] background started');
});
