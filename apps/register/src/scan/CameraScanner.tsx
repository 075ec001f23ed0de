import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { codeOfRead, RepeatGuard } from './camera-codes.ts';
import { openCamera, cameraProblem, type CameraProblem } from './camera-stream.ts';
import { prepareReader, readFrame } from './zxing-reader.ts';
import { tone } from '../screens/sell/beep.ts';

/** Frames are scaled down to this width before decoding: enough for an EAN at arm's length, cheap on a phone. */
const DECODE_WIDTH = 960;

type State = { kind: 'starting' } | { kind: 'scanning'; torch: boolean | null } | { kind: 'problem'; problem: CameraProblem; detail: string };

/**
 * The camera as a barcode scanner (phones and tablets without a wedge scanner). It stays open
 * while the cashier shows item after item, like a handheld scanner: every read goes to `onCode`
 * (the same path as a wedge scan) with a short high blip, and a code held in view is added once.
 * Closing it (button or Esc) stops the camera. Loaded only when opened, with zxing-wasm.
 */
export default function CameraScanner({ onCode, onClose }: { onCode(code: string): void; onClose(): void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement | null>(null);
  const [state, setState] = useState<State>({ kind: 'starting' });
  const [lastRead, setLastRead] = useState<string | null>(null);
  const [torchOn, setTorchOn] = useState(false);
  const track = useRef<MediaStreamTrack | null>(null);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    const guard = new RepeatGuard();
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });

    async function decodeLoop(element: HTMLVideoElement) {
      while (!stopped) {
        const { videoWidth: width, videoHeight: height } = element;
        if (width && height && context) {
          const scale = Math.min(1, DECODE_WIDTH / width);
          canvas.width = Math.round(width * scale);
          canvas.height = Math.round(height * scale);
          context.drawImage(element, 0, 0, canvas.width, canvas.height);
          const results = await readFrame(context.getImageData(0, 0, canvas.width, canvas.height)).catch(() => []);
          if (stopped) return;
          const codes = results.filter((r) => r.isValid).map((r) => codeOfRead(r.text)).filter((c): c is string => c !== null);
          for (const code of guard.frame(codes, performance.now())) {
            blip();
            setLastRead(code);
            onCodeRef.current(code);
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 80));
      }
    }

    void (async () => {
      try {
        // The camera and the decoder start together: the permission prompt hides the wasm download.
        // `stream` is kept as soon as the camera opens, so a decoder that fails still lets it be stopped.
        const opening = openCamera().then((opened) => {
          stream = opened;
          if (stopped) stopStream(opened); // closed while the permission prompt was up
        });
        await Promise.all([opening, prepareReader()]);
        const live = stream as MediaStream | null;
        if (stopped || !live) return;
        const element = video.current!;
        element.srcObject = live;
        await element.play().catch(() => undefined);
        track.current = live.getVideoTracks()[0] ?? null;
        const capabilities = track.current?.getCapabilities?.() as (MediaTrackCapabilities & { torch?: boolean }) | undefined;
        setState({ kind: 'scanning', torch: capabilities?.torch ? false : null });
        await decodeLoop(element);
      } catch (error) {
        if (stream) stopStream(stream);
        if (!stopped) setState({ kind: 'problem', problem: cameraProblem(error), detail: error instanceof Error ? error.message : String(error) });
      }
    })();
    return () => {
      stopped = true;
      if (stream) stopStream(stream);
    };
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  async function toggleTorch() {
    const next = !torchOn;
    await track.current?.applyConstraints({ advanced: [{ torch: next } as MediaTrackConstraintSet] }).then(() => setTorchOn(next), () => undefined);
  }

  return (
    <section className="camera-scanner" aria-label={t('camera.title')} data-testid="camera-scanner" data-state={state.kind}>
      <div style={{ position: 'relative', background: '#000', borderRadius: 10, overflow: 'hidden', aspectRatio: '4 / 3', maxHeight: '45vh', width: '100%' }}>
        <video ref={video} muted playsInline autoPlay style={{ width: '100%', height: '100%', objectFit: 'cover' }} aria-hidden="true" />
        {state.kind === 'scanning' && <div aria-hidden="true" style={{ position: 'absolute', left: '10%', right: '10%', top: '50%', borderTop: '2px solid #ef4444' }} />}
      </div>
      <p role="status" className={state.kind === 'problem' ? 'banner bad' : 'muted'} data-testid="camera-status">
        {state.kind === 'starting' && t('camera.starting')}
        {state.kind === 'scanning' && (lastRead ? t('camera.read', { code: lastRead }) : t('camera.aim'))}
        {state.kind === 'problem' && t(`camera.${state.problem}`, { message: state.detail })}
      </p>
      <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }}>
        {state.kind === 'scanning' && state.torch !== null && (
          <button type="button" className="btn" aria-pressed={torchOn} onClick={() => void toggleTorch()}>{t('camera.torch')}</button>
        )}
        <button type="button" className="btn primary" onClick={onClose} title="Esc">{t('camera.close')}</button>
      </div>
    </section>
  );
}

function stopStream(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/** A short high blip: "read". (An unknown code then also gets the sell screen's low beep and red message.) */
function blip(): void {
  tone(1800, 0.08, 0.1);
}
