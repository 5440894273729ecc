// E2E tests talk to real services (and some spawn the hub): give them time.
jest.setTimeout(60_000);
