//! A throwaway PostgreSQL cluster for the mailer's tests and benchmark: Debian's server (installed by
//! `cargo xtask setup`), initialised in a temporary directory and started on a free loopback port as the
//! `postgres` user (the server refuses root), stopped and deleted on drop. No system service is used.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// A running throwaway cluster.
pub struct Postgres {
    bin: PathBuf,
    data: PathBuf,
    /// Its port.
    pub port: u16,
    _dir: tempfile::TempDir,
}

/// The newest installed PostgreSQL's programs (`/usr/lib/postgresql/<version>/bin`).
fn postgres_bin() -> PathBuf {
    let versions = std::fs::read_dir("/usr/lib/postgresql").into_iter().flatten().filter_map(Result::ok);
    let mut bins: Vec<PathBuf> =
        versions.map(|v| v.path().join("bin")).filter(|bin| bin.join("initdb").is_file()).collect();
    bins.sort();
    bins.pop().unwrap_or_else(|| {
        panic!("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run `cargo xtask setup`")
    })
}

fn as_postgres(program: &Path) -> Command {
    let mut command = Command::new("runuser");
    command.args(["-u", "postgres", "--"]).arg(program);
    command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
    command
}

fn succeed(mut command: Command, what: &str) {
    let output = command.output().unwrap_or_else(|e| panic!("{what}: cannot run ({e})"));
    assert!(output.status.success(), "{what} failed: {}", String::from_utf8_lossy(&output.stderr));
}

impl Postgres {
    /// A new cluster with the empty databases `mailer`, `accept` and `send`.
    pub fn start() -> Self {
        let bin = postgres_bin();
        let dir = tempfile::tempdir().expect("a directory");
        let id = |flag: &str| -> u32 {
            let output = Command::new("id").args([flag, "postgres"]).output().expect("`id` runs");
            String::from_utf8_lossy(&output.stdout).trim().parse().expect("the postgres user exists")
        };
        std::os::unix::fs::chown(dir.path(), Some(id("-u")), Some(id("-g")))
            .expect("the directory is handed over");
        let data = dir.path().join("data");
        let mut initdb = as_postgres(&bin.join("initdb"));
        initdb.arg("-D").arg(&data).args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        succeed(initdb, "initdb");
        let port = free_port();
        let mut start = as_postgres(&bin.join("pg_ctl"));
        start
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(dir.path().join("log"))
            .args(["-w", "-s", "-o"])
            .arg(format!("-p {port} -k {} -c listen_addresses=127.0.0.1", dir.path().display()));
        start.arg("start");
        succeed(start, "pg_ctl start");
        let cluster = Self { bin, data, port, _dir: dir };
        for database in ["mailer", "accept", "send"] {
            let mut create = as_postgres(&cluster.bin.join("createdb"));
            create.args(["-h", "127.0.0.1", "-p", &port.to_string(), "-U", "postgres", database]);
            succeed(create, "createdb");
        }
        cluster
    }

    /// The URL of `database`.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let mut stop = as_postgres(&self.bin.join("pg_ctl"));
        stop.arg("-D").arg(&self.data).args(["-m", "immediate", "-s", "stop"]);
        let _ = stop.status();
    }
}
