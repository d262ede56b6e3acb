const show = (t: string) => { const m = process.memoryUsage(); console.log(t, 'rss', (m.rss/2**20).toFixed(0), 'heapUsed', (m.heapUsed/2**20).toFixed(0), 'heapTotal', (m.heapTotal/2**20).toFixed(0)); };
show('start');
for (const m of (process.env.MODS ?? '').split(',').filter(Boolean)) { await import(m); show(m); }
globalThis.gc?.(); show('gc');
