// Strings of the sign-in gate that the shared sync strings do not have, kept
// beside the feature (as features/sync/i18n-sync.ts does) and merged at boot.
const en = {
  login: {
    offlineUnavailable: {
      title: 'Offline unlock is not available on this computer',
      body: 'This computer has no secure key store (OS keychain), so Posko keeps your sign-in in memory only. You can work normally now; after Posko or the computer restarts, signing in needs a connection to the server.',
      dismiss: 'Understood',
    },
    errors: {
      offline_unavailable:
        'Offline unlock is not available on this computer (it has no secure key store). Connect to the server to sign in.',
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
    errors: {
      offline_unavailable:
        'Buka kunci luring tidak tersedia di komputer ini (tidak ada penyimpanan kunci yang aman). Hubungkan ke server untuk masuk.',
    },
  },
};

export const loginResources = { id, en };
