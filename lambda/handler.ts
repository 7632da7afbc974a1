// Placeholder until the fulfillment issue lands: the real entry point replaces this file.
export const handler = async (): Promise<unknown> => ({
  sessionState: {
    dialogAction: { type: 'Close' },
    intent: { name: 'FallbackIntent', state: 'Failed' },
  },
  messages: [{ contentType: 'PlainText', content: 'vmbot is not built yet.' }],
});
