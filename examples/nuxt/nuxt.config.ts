// No configuration for the element's files: Vite emits every file it loads. Vue is told the tag is a
// custom element.
export default defineNuxtConfig({
  compatibilityDate: '2026-01-01',
  devtools: { enabled: false },
  telemetry: false,
  vue: {
    compilerOptions: {
      isCustomElement: (tag) => tag === 'ep-password-reset',
    },
  },
  runtimeConfig: {
    public: {
      // NUXT_PUBLIC_EP_API_BASE and NUXT_PUBLIC_EP_CLIENT_ID at run time.
      epApiBase: '',
      epClientId: '',
    },
  },
});
