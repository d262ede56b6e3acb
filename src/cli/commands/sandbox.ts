import type { Command } from 'commander';
import { ConfigError } from '../../errors.js';
import { DEFAULT_STACK, startSandbox } from '../../sandbox/index.js';

/** `leadproof sandbox`: run the local GTM stack until Ctrl-C, for exploring it by hand. */
export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description('Start the local sandbox GTM stack (HubSpot-compatible API, forms, demo site) and keep it running.')
    .option('--stack <file>', 'stack file to load', DEFAULT_STACK)
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', '0')
    .action(async (opts: { stack: string; port: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new ConfigError([{ file: '--port', field: '', message: `"${opts.port}" is not a port; pass a number 0-65535` }]);
      }
      const sb = await startSandbox({ stack: opts.stack, port });
      const lines = [
        `leadproof sandbox — stack "${sb.stack.name}" (${sb.stack.file})`,
        `  HubSpot API base URL: ${sb.hubspot.baseUrl}`,
        `  HubSpot portal id:    ${sb.hubspot.portalId}`,
        // A sandbox-only token, printed on purpose so people can try the API with curl.
        `  HubSpot access token: ${sb.hubspot.accessToken} (sandbox only)`,
        `  Demo site:            ${sb.siteUrl}/`,
        ...Object.entries(sb.forms ?? {}).map(([id, url]) => `    form ${id.padEnd(14)} ${url}`),
        `  Test email domain:    ${sb.testDomain}`,
        'Press Ctrl-C to stop.',
      ];
      console.log(lines.join('\n'));
      await new Promise<void>((done) => {
        const stop = () => void sb.stop().then(done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
