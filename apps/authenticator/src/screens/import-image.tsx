import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../app-context.js';
import { GoButton } from '../components/go-button.js';
import { t } from '../i18n/i18n.js';
import { describeError } from '../lib/errors.js';
import { handleQRTexts } from '../lib/handle-qr.js';
import { loadInterop } from '../lib/qr-decoder.js';

/** Reads QR codes from image files (picker, drag-and-drop or paste) and adds what they hold. */
export function ImportImage(): JSX.Element {
  const app = useApp();
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);

  const read = async (files: readonly File[]): Promise<void> => {
    const images = files.filter((f) => f.type.startsWith('image/') || f.type === '');
    if (images.length === 0) return;
    setBusy(true);
    try {
      const interop = await loadInterop();
      const texts: string[] = [];
      for (const f of images)
        texts.push(...(await interop.decodeQRCodes(new Uint8Array(await f.arrayBuffer()))));
      await handleQRTexts(app, texts, 'add');
    } catch (e) {
      app.notify(describeError(e), 'error');
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    const onPaste = (e: ClipboardEvent): void => {
      const files = [...(e.clipboardData?.files ?? [])];
      if (files.length > 0) {
        e.preventDefault();
        void read(files);
      }
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  });

  return (
    <section class="screen">
      <h2>{t('importImageTitle')}</h2>
      <p>{t('importImageHint')}</p>
      <section
        aria-label={t('dropHere')}
        class={`dropzone${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void read([...(e.dataTransfer?.files ?? [])]);
        }}
      >
        <p>{busy ? t('readingImage') : t('dropHere')}</p>
        <label class="button primary">
          {t('chooseImage')}
          <input
            type="file"
            accept="image/*"
            multiple
            class="visually-hidden"
            onChange={(e) => {
              const input = e.currentTarget;
              void read([...(input.files ?? [])]).then(() => {
                input.value = '';
              });
            }}
          />
        </label>
      </section>
      <div class="buttons">
        <GoButton to={{ name: 'list' }}>{t('cancel')}</GoButton>
      </div>
    </section>
  );
}
