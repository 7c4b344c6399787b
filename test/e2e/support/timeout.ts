// Jest reads testTimeout only from the root config; a real n8n restart takes longer than the 5 s default.
jest.setTimeout(180_000);
