"""Over TCP a team store is reached only with TLS that verifies the server's certificate (real server, 127.0.0.1)."""

import itertools
import os
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from solodesk.__main__ import main
from solodesk.store.team_roles import add_user, init_team
from solodesk.store.team_store import parse_url

PASSWORD = "a long team password"
_numbers = itertools.count(1)
_CERTIFICATE_SENTENCE = "offered no certificate this computer can verify for that name, so SOLO Desk did not connect"


@pytest.fixture
def login(pg, pg_database: str) -> str:
    init_team(pg_database)
    name = f"tls_{os.getpid()}_{next(_numbers)}"
    add_user(pg_database, name, "Zoë Ó Briain", "chair", PASSWORD)
    return name


def _tcp_url(pg, pg_database: str, login: str, host: str, query: str) -> str:
    return f"postgresql://{login}@{host}:{pg.port}/{parse_url(pg_database).database}?{query}"


def _other_authority(folder: Path) -> Path:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Somebody else's CA")])
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    path = folder / "other-ca.crt"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


def _list(capsys, monkeypatch, url: str) -> tuple[int, str, str]:
    monkeypatch.setenv("SOLODESK_PASSWORD", PASSWORD)
    code = main(["list", "--store", url])
    out, err = capsys.readouterr()
    return code, out, err


def test_verify_full_with_the_councils_authority_signs_in(pg, pg_database, login, capsys, monkeypatch) -> None:
    """The certificate names localhost and is signed by the authority given: the person's command runs."""
    url = _tcp_url(pg, pg_database, login, "localhost", f"sslmode=verify-full&sslrootcert={pg.ca_file}")
    code, out, err = _list(capsys, monkeypatch, url)
    assert (code, out.strip()) == (0, "No cases in this store."), err


def test_a_certificate_this_computer_cannot_verify_is_refused_in_one_sentence(
    pg, pg_database, login, capsys, monkeypatch, tmp_path
) -> None:
    """Another authority, or the server reached by a name its certificate does not carry: exit 4, no connection."""
    other = _other_authority(tmp_path)
    for host, authority in (("localhost", other), ("127.0.0.1", pg.ca_file)):
        url = _tcp_url(pg, pg_database, login, host, f"sslmode=verify-full&sslrootcert={authority}")
        code, _, err = _list(capsys, monkeypatch, url)
        assert code == 4 and _CERTIFICATE_SENTENCE in err, err
        assert PASSWORD not in err


def test_an_address_without_certificate_checks_is_refused_before_connecting(
    pg, pg_database, login, capsys, monkeypatch
) -> None:
    """sslmode=require encrypts but trusts any server: SOLO Desk asks for verify-full instead."""
    url = _tcp_url(pg, pg_database, login, "localhost", "sslmode=require")
    code, _, err = _list(capsys, monkeypatch, url)
    assert code == 4 and "add ?sslmode=verify-full" in err


def test_a_login_in_no_group_is_told_to_ask_it(pg, pg_database, login, capsys, monkeypatch) -> None:
    """Signed in, but not a member of any SOLO Desk group: one sentence, exit 4."""
    stranger = f"stranger_{os.getpid()}_{next(_numbers)}"
    with pg.admin() as conn:
        conn.execute(f"CREATE ROLE {stranger} LOGIN PASSWORD '{PASSWORD}'")
    code, _, err = _list(capsys, monkeypatch, pg.url(parse_url(pg_database).database, user=stranger))
    assert code == 4 and f"The login {stranger} has no SOLO Desk role on this team store" in err
