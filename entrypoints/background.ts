export default defineBackground(() => {
  // Filled in by lib/background.
});
