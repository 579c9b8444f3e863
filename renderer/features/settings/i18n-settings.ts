// The settings screen's strings, kept beside it and merged at boot (main.tsx).
const en = {
  settings: {
    nav: 'Settings',
    title: 'Settings',
    intro: 'How this computer connects and behaves. Settings your organization fixed cannot be changed here.',
    managed: 'Set by your organization',
    save: 'Save',
    saved: 'Saved.',
    failed: 'Could not save: {{message}}',
    serverUrl: {
      label: 'Sync server address',
      hint: 'https://…, or http:// only on this computer (127.0.0.1 or localhost).',
      invalid: 'Use an https:// address (plain http:// only on 127.0.0.1 or localhost).',
      pending:
        '{{count}} changes have not reached the current server yet. Sync them before switching servers, or they would be sent to the new one.',
      reload: 'Saved. Reload Posko to connect to the new server.',
      reloadNow: 'Reload now',
    },
    language: { label: 'Language', id: 'Bahasa Indonesia', en: 'English' },
    autoLock: {
      label: 'Lock after inactivity',
      minutes_one: '{{count}} minute',
      minutes_other: '{{count}} minutes',
      hint: 'The console locks and hides every case after this long without keyboard or mouse input.',
    },
  },
};

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

const id: Shape<typeof en> = {
  settings: {
    nav: 'Pengaturan',
    title: 'Pengaturan',
    intro:
      'Cara komputer ini terhubung dan bekerja. Pengaturan yang ditetapkan organisasi Anda tidak dapat diubah di sini.',
    managed: 'Diatur oleh organisasi Anda',
    save: 'Simpan',
    saved: 'Tersimpan.',
    failed: 'Gagal menyimpan: {{message}}',
    serverUrl: {
      label: 'Alamat server sinkronisasi',
      hint: 'https://…, atau http:// hanya di komputer ini (127.0.0.1 atau localhost).',
      invalid: 'Gunakan alamat https:// (http:// biasa hanya untuk 127.0.0.1 atau localhost).',
      pending:
        '{{count}} perubahan belum sampai ke server saat ini. Sinkronkan dulu sebelum berganti server, agar tidak terkirim ke server yang baru.',
      reload: 'Tersimpan. Muat ulang Posko untuk terhubung ke server yang baru.',
      reloadNow: 'Muat ulang sekarang',
    },
    language: { label: 'Bahasa', id: 'Bahasa Indonesia', en: 'English' },
    autoLock: {
      label: 'Kunci setelah tidak aktif',
      minutes_one: '{{count}} menit',
      minutes_other: '{{count}} menit',
      hint: 'Konsol terkunci dan menyembunyikan semua kasus setelah selama ini tanpa masukan keyboard atau mouse.',
    },
  },
};

export const settingsResources = { id, en };
