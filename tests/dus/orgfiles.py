"""Organisation files for the import's tests: a small organisation with two units of the
same name under different parents, as CSV bytes the way a spreadsheet writes them."""

HEADER = "type,id,navn,art,overenhed_id,leder_email,email,enhed_id"
UNITS = [
    "enhed,U1,Direktionen,Direktion,,anne@kommune.dk,,",
    "enhed,U2,Skoler,Fagsekretariat,U1,,,",
    "enhed,U3,Administration,stab,U1,,,",
    "enhed,U4,Administration,Stab,U2,bo@kommune.dk,,",
]
PEOPLE = [
    "person,P1,Anne Andersen,,,,anne@kommune.dk,U1",
    "person,P2,Bo Bech Berg,,,,bo@kommune.dk,U4",
]


def org_file(*rows: str, units=UNITS, people=PEOPLE, sep=",", bom=False, encoding="utf-8"):
    lines = [HEADER, *units, *people, *rows]
    text = "\r\n".join(line.replace(",", sep) for line in lines) + "\r\n"
    return ("\ufeff" if bom else "").encode(encoding) + text.encode(encoding)
