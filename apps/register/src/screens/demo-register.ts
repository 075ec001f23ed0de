import { useEffect, useState } from 'react';
import type { ApiClient, ApiResult } from '../sync/api.ts';

/** The register a browser may enrol as on a demo server (apps/server/src/demo/demo.routes.ts). */
export interface DemoRegister {
  registerId: string;
  storeName: string;
  registerName: string;
}

/**
 * On a server started with `kassa start --demo` (`npm start`): the demo register, so the enrol
 * screen can offer to enrol in one tap; null elsewhere (the route does not exist) or offline.
 */
export function useDemoRegister(api: ApiClient): DemoRegister | null {
  const [demo, setDemo] = useState<DemoRegister | null>(null);
  useEffect(() => {
    let shown = true;
    void api.call<DemoRegister>('GET', '/api/v1/demo/register').then((answer) => {
      if (shown && answer.ok) setDemo(answer.value);
    });
    return () => {
      shown = false;
    };
  }, [api]);
  return demo;
}

/** A fresh one-time enrolment code for the demo register (the banner's link expires after 15 minutes). */
export function demoEnrolmentCode(api: ApiClient): Promise<ApiResult<{ code: string }>> {
  return api.call<{ code: string }>('POST', '/api/v1/demo/register/enrolment-codes');
}
