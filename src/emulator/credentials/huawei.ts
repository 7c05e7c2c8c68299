/** The huawei credential services of the emulator (being built: issue 14). */
import type { CredentialService } from './route.js';

export const SERVICES: readonly CredentialService[] = [];
