import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type MessageKey, t } from '../i18n/i18n.js';
import { loadInterop } from '../lib/qr-decoder.js';

const FRAME_INTERVAL_MS = 120;

function cameraProblem(e: unknown): MessageKey {
  const name = e instanceof Error || e instanceof DOMException ? e.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'cameraDenied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NoCameraError')
    return 'cameraMissing';
  return 'cameraFailed';
}

/**
 * The camera preview. Asks for the camera only when mounted (the person chose "Scan QR code"),
 * decodes frames with the bundled WASM decoder and hands the texts found to `onTexts`, which
 * returns true when it is done (the camera is then released).
 */
export function Camera({ onTexts }: { onTexts: (texts: string[]) => Promise<boolean> }): JSX.Element {
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [starting, setStarting] = useState(true);
  const handler = useRef(onTexts);
  handler.current = onTexts;

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastTexts = '';
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });

    const start = async (): Promise<void> => {
      if (!navigator.mediaDevices?.getUserMedia)
        throw Object.assign(new Error('no camera'), { name: 'NotFoundError' });
      const [s, interop] = await Promise.all([
        navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'environment', width: { ideal: 640 }, height: { ideal: 480 } },
          audio: false,
        }),
        loadInterop(),
      ]);
      stream = s;
      if (stopped) {
        for (const track of s.getTracks()) track.stop();
        return;
      }
      const v = video.current!;
      v.srcObject = s;
      await v.play();
      setStarting(false);
      const frame = async (): Promise<void> => {
        if (stopped) return;
        if (ctx && v.readyState >= 2 && v.videoWidth > 0) {
          canvas.width = v.videoWidth;
          canvas.height = v.videoHeight;
          ctx.drawImage(v, 0, 0);
          const texts = await interop.decodeQRImageData(ctx.getImageData(0, 0, canvas.width, canvas.height));
          const key = texts.join('\n');
          // The same unusable code stays in view for many frames: report it once.
          if (texts.length > 0 && key !== lastTexts && !stopped) {
            lastTexts = key;
            if (await handler.current(texts)) return;
          }
        }
        if (!stopped) timer = setTimeout(frame, FRAME_INTERVAL_MS);
      };
      await frame();
    };

    start().catch((e: unknown) => {
      if (!stopped) {
        setStarting(false);
        setProblem(cameraProblem(e));
      }
    });
    return () => {
      stopped = true;
      clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, []);

  return (
    <div class="camera">
      {problem ? (
        <p class="error" role="alert">
          {t(problem)}
        </p>
      ) : (
        <>
          {starting && <p role="status">{t('cameraStarting')}</p>}
          <video ref={video} muted playsInline aria-label={t('scanHint')} />
        </>
      )}
    </div>
  );
}
