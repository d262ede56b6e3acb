import type { Command } from "commander"; export function registerCampaigns(_p: Command): void {}
