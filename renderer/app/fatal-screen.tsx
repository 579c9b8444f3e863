// The screen the console shows when it must not start, e.g. inside the desktop
// app without the shell's bridge (get-platform.ts). It runs before i18n, so it
// says everything in both languages, and it offers nothing to click through:
// falling back to the browser host would put the token in localStorage.
export function FatalScreen({ detail }: { detail: string }) {
  return (
    <div className="login-screen" role="alert" data-testid="fatal-screen">
      <div className="login-form">
        <h1 lang="id">Posko tidak dapat dimulai</h1>
        <p lang="id">
          Bagian aplikasi desktop yang menyimpan rahasia dengan aman tidak tersedia. Tutup Posko dan buka
          lagi; jika masalah tetap ada, hubungi dukungan TI.
        </p>
        <h2 lang="en">Posko cannot start</h2>
        <p lang="en">
          The part of the desktop app that keeps secrets safe is not available. Close Posko and open it again;
          if this keeps happening, contact IT support.
        </p>
        <p>
          <code>{detail}</code>
        </p>
      </div>
    </div>
  );
}
