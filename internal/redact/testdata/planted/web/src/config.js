// Front-end configuration.
export const config = {
  googleMapsApiKey: "AIzaPDXgGdmdZ1_t3ZC7IKQb8SlZBuvaMjnKech",
  sendgridApiKey: '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',
  twilio: {
    apiKey: "SK139a0740ad3ec721d36383d8399ecda9",
    apiSecret: "r0hsblyL7mFfEulSPudmrIdI5VOLloDdGJxXTodH",
  },
  stripePublishableKey: "pk_live_51HxQmDExamplePublishableKeyOnly",
  apiBase: process.env.API_BASE_URL,
};

// In unit tests the client is built with a stub key:
// sk_test_xxxxxxxxxxxxxxxxxxxxxxxx
