// Puppeteer drives Debian's Firefox ESR in the browser tests (web-test-runner.config.js); it must
// never download a browser of its own (this project's machines cannot, and need not).
module.exports = { skipDownload: true };
