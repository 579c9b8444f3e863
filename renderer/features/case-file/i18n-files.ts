// Strings of document files in the case file and the sync status bar (issue 16), kept beside the
// feature the way features/sync/i18n-sync.ts does; registered on first use (useFileStrings), so
// no shared bootstrap has to know about them. Both languages have every key (tested).
import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';

const en = {
  files: {
    localOnly: 'On this device only',
    waitingRecord: 'On this device only: waits for the record to sync',
    uploading: 'Uploading {{percent}}%',
    stored: 'Stored on the server',
    storedHere: 'Stored on the server · kept on this device',
    elsewhere: 'On another device, not on the server yet',
    failed: 'Upload failed: {{reason}}. Retrying by itself.',
    refused:
      'Refused by the server: {{reason}}. The file stays on this device until you replace or discard it.',
    retry: 'Retry',
    retryOf: 'Retry the upload of {{doc}}',
    discard: 'Discard',
    discardOf: 'Discard the local file of {{doc}}',
    confirmDiscard:
      'Discard this file from this device? It was not stored on the server. The change is recorded.',
    discarded: 'File discarded from this device',
    downloading: 'Downloading {{percent}}%',
    downloadFailed: 'Download failed: {{reason}}',
    preview: 'Preview of {{name}}',
    closePreview: 'Close preview',
    makeOffline: 'Make this case available offline',
    offlineOn: 'Files of this case are kept on this device',
    offlineOff: 'Stop keeping this case offline',
    offlineDone_one: '{{count}} file of this case is on this device',
    offlineDone_other: '{{count}} files of this case are on this device',
    offlineFailed: 'Some files could not be downloaded: {{count}}',
    versions: 'Earlier versions',
    version: 'Version {{version}} · {{name}} · {{who}} · {{when}}',
    statusWaiting_one: '{{count}} file waiting to upload ({{size}} left)',
    statusWaiting_other: '{{count}} files waiting to upload ({{size}} left)',
    statusRefused_one: '{{count}} file refused by the server',
    statusRefused_other: '{{count}} files refused by the server',
    localNote:
      'Files are encrypted on this device and sent to the server when it is reachable; every stored version is kept.',
  },
};

const id: typeof en = {
  files: {
    localOnly: 'Hanya di perangkat ini',
    waitingRecord: 'Hanya di perangkat ini: menunggu catatan tersinkron',
    uploading: 'Mengunggah {{percent}}%',
    stored: 'Tersimpan di server',
    storedHere: 'Tersimpan di server · juga ada di perangkat ini',
    elsewhere: 'Ada di perangkat lain, belum di server',
    failed: 'Unggah gagal: {{reason}}. Dicoba lagi otomatis.',
    refused:
      'Ditolak server: {{reason}}. Berkas tetap di perangkat ini sampai Anda mengganti atau membuangnya.',
    retry: 'Coba lagi',
    retryOf: 'Coba lagi unggah {{doc}}',
    discard: 'Buang',
    discardOf: 'Buang berkas lokal {{doc}}',
    confirmDiscard:
      'Buang berkas ini dari perangkat ini? Berkas belum tersimpan di server. Perubahan ini dicatat.',
    discarded: 'Berkas dibuang dari perangkat ini',
    downloading: 'Mengunduh {{percent}}%',
    downloadFailed: 'Unduh gagal: {{reason}}',
    preview: 'Pratinjau {{name}}',
    closePreview: 'Tutup pratinjau',
    makeOffline: 'Simpan kasus ini untuk luring',
    offlineOn: 'Berkas kasus ini disimpan di perangkat ini',
    offlineOff: 'Berhenti menyimpan kasus ini untuk luring',
    offlineDone_one: '{{count}} berkas kasus ini ada di perangkat ini',
    offlineDone_other: '{{count}} berkas kasus ini ada di perangkat ini',
    offlineFailed: 'Beberapa berkas tidak dapat diunduh: {{count}}',
    versions: 'Versi sebelumnya',
    version: 'Versi {{version}} · {{name}} · {{who}} · {{when}}',
    statusWaiting_one: '{{count}} berkas menunggu diunggah (sisa {{size}})',
    statusWaiting_other: '{{count}} berkas menunggu diunggah (sisa {{size}})',
    statusRefused_one: '{{count}} berkas ditolak server',
    statusRefused_other: '{{count}} berkas ditolak server',
    localNote:
      'Berkas dienkripsi di perangkat ini dan dikirim ke server saat terjangkau; setiap versi yang tersimpan disimpan.',
  },
};

export const fileResources = { en, id } as const;

/** Adds the strings to an i18next instance once (idempotent). */
export function registerFileStrings(i18n: I18n): void {
  if (!i18n.isInitialized) return;
  for (const lng of ['id', 'en'] as const)
    // getResource, not exists(): exists() would find the other language through the fallback.
    if (i18n.getResource(lng, 'translation', 'files.stored') === undefined)
      i18n.addResourceBundle(lng, 'translation', fileResources[lng], true, false);
}

/** Registers the strings on the component's i18next instance; call from every user of them. */
export function useFileStrings(): void {
  const { i18n } = useTranslation();
  registerFileStrings(i18n);
}

/** A byte count for people: KB below a megabyte, else MB with one decimal. */
export function formatBytes(bytes: number, locale: string): string {
  if (bytes < 1024 * 1024) return `${new Intl.NumberFormat(locale).format(Math.ceil(bytes / 1024))} KB`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))} MB`;
}
