// How every tool of this project starts Chromium: Debian's package unless CHROME_PATH says
// otherwise, with the flags it needs here (root needs --no-sandbox; no GPU; no background
// requests to services this machine cannot reach).
export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
