// Strings of the sign-in gate that the shared sync strings do not have, kept
// beside the feature (as features/sync/i18n-sync.ts does) and merged at boot.
const en = {
  login: {
    offlineUnavailable: {
      title: 'Offline unlock is not available on this computer',
      body: 'This computer has no secure key store (OS keychain), so Posko keeps your sign-in in memory only. You can work normally now; after Posko or the computer restarts, signing in needs a connection to the server.',
      dismiss: 'Understood',
    },
    revoked: {
      title: 'This computer was revoked',
      body: 'An administrator revoked this computer (for example because it was reported lost). Posko has erased all case data, unsent changes, stored files and saved sign-ins from it. It can no longer sign in; contact your IT staff.',
    },
    errors: {
      offline_unavailable:
        'Offline unlock is not available on this computer (it has no secure key store). Connect to the server to sign in.',
      device_revoked:
        'This computer was revoked by an administrator: its Posko data has been erased and it can no longer sign in.',
      browser_console_disabled:
        'Your organization allows Posko only in the desktop app, not in a browser. Open the Posko app on this computer, or ask IT to install it.',
    },
  },
};

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

const id: Shape<typeof en> = {
  login: {
    offlineUnavailable: {
      title: 'Buka kunci luring tidak tersedia di komputer ini',
      body: 'Komputer ini tidak memiliki penyimpanan kunci yang aman (keychain sistem operasi), sehingga Posko hanya menyimpan sesi masuk Anda di memori. Anda dapat bekerja seperti biasa sekarang; setelah Posko atau komputer dinyalakan ulang, masuk memerlukan koneksi ke server.',
      dismiss: 'Mengerti',
    },
    revoked: {
      title: 'Komputer ini telah dicabut aksesnya',
      body: 'Administrator mencabut akses komputer ini (misalnya karena dilaporkan hilang). Posko telah menghapus semua data kasus, perubahan yang belum terkirim, berkas yang tersimpan, dan data masuk dari komputer ini. Komputer ini tidak dapat masuk lagi; hubungi staf TI Anda.',
    },
    errors: {
      offline_unavailable:
        'Buka kunci luring tidak tersedia di komputer ini (tidak ada penyimpanan kunci yang aman). Hubungkan ke server untuk masuk.',
      device_revoked:
        'Akses komputer ini telah dicabut oleh administrator: data Posko di komputer ini telah dihapus dan komputer ini tidak dapat masuk lagi.',
      browser_console_disabled:
        'Organisasi Anda hanya mengizinkan Posko di aplikasi desktop, bukan di peramban. Buka aplikasi Posko di komputer ini, atau minta TI memasangnya.',
    },
  },
};

export const loginResources = { id, en };
