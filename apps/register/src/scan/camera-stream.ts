/** Why the camera cannot scan, in words the cashier can act on (i18n keys under `camera.`). */
export type CameraProblem = 'denied' | 'noCamera' | 'insecure' | 'failed';

/** True when this browser can offer a camera at all (the camera button is shown only then). */
export function cameraAvailable(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';
}

/** The rear camera when there is one (phones and tablets), at a resolution a barcode needs. */
export function openCamera(): Promise<MediaStream> {
  if (!cameraAvailable()) return Promise.reject(Object.assign(new Error('no mediaDevices'), { name: 'NotFoundError' }));
  return navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
  });
}

/** Sorts a getUserMedia failure into what the cashier is told. */
export function cameraProblem(error: unknown): CameraProblem {
  const name = error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error) ? String((error as { name: unknown }).name) : '';
  if (name === 'NotAllowedError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'SecurityError') return 'insecure';
  if (name === 'NotFoundError' || name === 'DevicesNotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') return 'noCamera';
  return 'failed';
}
