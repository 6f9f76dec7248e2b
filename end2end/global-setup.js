// Waits until the server answers /healthz, so tests never race the server's start.
// With SERVER_BIN each worker starts its own server and waits for it (tests/helpers.js).
module.exports = async () => {
  if (process.env.SERVER_BIN) return;
  const base = process.env.BASE_URL || 'http://127.0.0.1:3000';
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) return;
    } catch (_) {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`server at ${base} did not answer /healthz`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
};
