"""A throwaway PostgreSQL cluster for the tests: started once per session, stopped at exit.

PostgreSQL refuses to run as root, and the tests run as root here and on CI, so the
cluster belongs to a dedicated unprivileged system user (created when missing) and
is started with ``runuser``. It listens on a Unix socket in its own temporary folder,
and on 127.0.0.1 with TLS only (a certificate for ``localhost`` from a throwaway
authority, ``PgServer.ca_file``), with durability switched off: a test database is
thrown away anyway.

The administrator (``solodesk_admin``) signs in over the socket without a password;
every other login needs its SCRAM password, as on a council's server.

Set ``SOLODESK_TEST_PG_URL`` (an administrator's ``postgresql://`` URL) to use a server
of your own instead. When no server can be started the tests that need one fail
with the reason: they never skip.
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
from psycopg import sql

PG_USER = "solodesk-pg"
ADMIN = "solodesk_admin"
URL_ENV = "SOLODESK_TEST_PG_URL"
TEMPLATE_DB = "solodesk_template"

_SETTINGS = {
    "listen_addresses": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "shared_buffers": "64MB",
    "timezone": "UTC",
}


class PgServerError(RuntimeError):
    """The test server could not be found, set up or started."""


@dataclass
class PgServer:
    """A running server the tests may create databases on.

    Attributes:
        admin_url: a superuser's ``postgresql://`` URL on the ``postgres`` database.
        root: the cluster's temporary folder (None for a server of the developer's own).
        bin_dir: the folder of ``pg_ctl`` (None for a server of the developer's own).
    """

    admin_url: str
    root: Path | None = None
    bin_dir: Path | None = None
    port: int | None = None

    @property
    def ca_file(self) -> Path | None:
        """Return the certificate authority that signed the server's TLS certificate (None: not ours)."""
        return None if self.root is None else self.root / "tls" / "ca.crt"

    def url(self, database: str, user: str | None = None, password: str | None = None) -> str:
        """Return the URL of a database on this server, as the admin or as another login."""
        scheme, rest = self.admin_url.split("://", 1)
        credentials, hostpart = rest.rsplit("@", 1) if "@" in rest else ("", rest)
        if user is not None:
            credentials = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
        location, _, query = hostpart.partition("?")
        host = location.split("/", 1)[0]
        return f"{scheme}://{credentials}@{host}/{database}" + (f"?{query}" if query else "")

    def admin(self, database: str = "postgres") -> psycopg.Connection:
        """Return an autocommit connection as the administrator."""
        return psycopg.connect(self.url(database), autocommit=True)

    def create_database(self, name: str, template: str | None = None) -> None:
        """Create a database (a copy of ``template`` when given)."""
        with self.admin() as conn:
            statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            if template:
                # FILE_COPY: a small template copies faster than it is WAL-logged.
                statement = sql.SQL("{} TEMPLATE {} STRATEGY FILE_COPY").format(statement, sql.Identifier(template))
            conn.execute(statement)

    def drop_database(self, name: str) -> None:
        """Drop a database, closing whatever connections a failed test left open."""
        with self.admin() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def stop(self) -> None:
        """Stop a cluster this module started and remove its folder."""
        if self.root is None or self.bin_dir is None:
            return
        _as_pg_user([str(self.bin_dir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(self.root, ignore_errors=True)


def find_bin_dir() -> Path:
    """Return the folder holding ``initdb`` and ``pg_ctl`` (PATH first, then Debian's folders)."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).resolve().parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "pg_ctl").is_file() and (Path(candidate) / "initdb").is_file():
            return Path(candidate)
    raise PgServerError(
        "PostgreSQL is not installed (no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin): "
        "run ./dev.sh test, which installs the Debian postgresql package."
    )


def start() -> PgServer:
    """Return the server to test against: the developer's own, or a new throwaway cluster.

    Raises:
        PgServerError: no server could be started (with the reason and the server's log).
    """
    own = os.environ.get(URL_ENV)
    if own:
        return PgServer(admin_url=own)
    bin_dir = find_bin_dir()
    _ensure_pg_user()
    root = Path(tempfile.mkdtemp(prefix="solodesk-pg-"))
    try:
        return _start_cluster(root, bin_dir)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise


def _start_cluster(root: Path, bin_dir: Path) -> PgServer:
    if os.geteuid() == 0:
        pg = pwd.getpwnam(PG_USER)
        os.chown(root, pg.pw_uid, pg.pw_gid)
    data, log = root / "data", root / "server.log"
    _as_pg_user([str(bin_dir / "initdb"), "-D", str(data), "-U", ADMIN, "-E", "UTF8", "--no-locale", "-A", "trust"])
    # The administrator signs in over the socket without a password; everyone else needs theirs.
    # Over TCP (127.0.0.1 only) nobody gets in without TLS.
    (data / "pg_hba.conf").write_text(
        f"local all {ADMIN} trust\nlocal all all scram-sha-256\n"
        "hostssl all all 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 reject\n",
        encoding="utf-8",
    )
    tls = _write_tls(root / "tls")
    port = _free_port()
    settings = {
        **_SETTINGS,
        "listen_addresses": "127.0.0.1",
        "ssl": "on",
        "ssl_cert_file": str(tls / "server.crt"),
        "ssl_key_file": str(tls / "server.key"),
    }
    options = " ".join([f"-k {root}", f"-p {port}"] + [f"-c {key}={value}" for key, value in settings.items()])
    try:
        pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60"]
        _as_pg_user([*pg_ctl, "-o", options, "start"])
    except PgServerError as exc:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log.exists() else "(no log)"
        raise PgServerError(f"{exc}\nserver log:\n{tail}") from exc
    return PgServer(
        admin_url=f"postgresql://{ADMIN}@/postgres?host={root}&port={port}", root=root, bin_dir=bin_dir, port=port
    )


def _write_tls(folder: Path) -> Path:
    """Write a throwaway certificate authority and a server certificate for ``localhost`` signed by it."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder.mkdir()
    now = datetime.now(UTC)

    def certificate(
        subject: str, key: ec.EllipticCurvePrivateKey, issuer: str, signer: ec.EllipticCurvePrivateKey, ca: bool
    ) -> x509.Certificate:
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if not ca:
            builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        return builder.sign(signer, hashes.SHA256())

    ca_key, server_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = certificate("SOLO Desk test CA", ca_key, "SOLO Desk test CA", ca_key, ca=True)
    server = certificate("localhost", server_key, "SOLO Desk test CA", ca_key, ca=False)
    pem = serialization.Encoding.PEM
    (folder / "ca.crt").write_bytes(ca.public_bytes(pem))
    (folder / "server.crt").write_bytes(server.public_bytes(pem))
    key_file = folder / "server.key"
    key_file.write_bytes(server_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    key_file.chmod(0o600)
    if os.geteuid() == 0:
        pg = pwd.getpwnam(PG_USER)
        for path in (folder, *folder.iterdir()):
            os.chown(path, pg.pw_uid, pg.pw_gid)
    return folder


def _ensure_pg_user() -> None:
    if os.geteuid() != 0:
        return  # an ordinary user may run PostgreSQL as themself
    try:
        pwd.getpwnam(PG_USER)
    except KeyError:
        _run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER])


def _as_pg_user(command: list[str]) -> None:
    if os.geteuid() == 0:
        command = ["runuser", "-u", PG_USER, "--", *command]
    _run(command)


def _run(command: list[str]) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd="/", check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PgServerError(f"{command[0]} could not run: {exc}") from exc
    if done.returncode != 0:
        raise PgServerError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")


def _free_port() -> int:
    # The server only listens on its socket; the port number names the socket file. A port
    # free on TCP keeps it clear of a system server's own socket all the same.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
