"""The renderers give the headings one level down (`top.one_down`) from the markup: each XML
kind on a minimal document of its own. Run by `npm test` (scripts/test.sh, the floors stage)
beside `npm run corpus -- --check`, which holds the corpus figures (tests/corpus/headings.json):
this catches a renderer that stops reading a heading its floor happens not to protect (a level
the cut gets none of right yet is a floor of 0).

    python3 tests/corpus/render/test_one_down.py
"""
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import akn  # noqa: E402
import clml  # noqa: E402
import lims  # noqa: E402
import uslm  # noqa: E402

USLM = b"""<?xml version="1.0" encoding="UTF-8"?>
<pLaw xmlns="http://schemas.gpo.gov/xml/uslm"><meta><congress>118</congress><docNumber>1</docNumber></meta>
<main><section><num value="1">SEC. 1.</num><heading>SHORT TITLE.</heading>
<subsection><num value="a">(a)</num><heading>In General.\xe2\x80\x94</heading><content>This Act may be cited.</content></subsection>
<subsection><num value="b">(b)</num><content>No heading.</content></subsection>
</section></main></pLaw>"""

AKN = b"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><meta/>
<body><section eId="sec_1"><num>1</num><heading>Short title</heading>
<subsection eId="sec_1__subsec_1"><num>(1)</num><heading>Citation</heading><content><p>This Act may be cited.</p></content></subsection>
<subsection eId="sec_1__subsec_2"><num>(2)</num><content><p>No heading.</p></content></subsection>
</section></body></act></akomaNtoso>"""

CLML = b"""<?xml version="1.0" encoding="UTF-8"?>
<Legislation xmlns="http://www.legislation.gov.uk/namespaces/legislation"><Primary><Body>
<P1group><Title>Short title</Title><P1><Pnumber>1</Pnumber><P1para>
<P2group><Title>Citation</Title><P2><Pnumber>1</Pnumber><P2para><Text>This Act may be cited.</Text></P2para></P2></P2group>
<P2><Pnumber>2</Pnumber><P2para><Text>No heading.</Text></P2para></P2>
</P1para></P1></P1group></Body></Primary></Legislation>"""

LIMS = b"""<?xml version="1.0" encoding="UTF-8"?>
<Statute><Identification><ShortTitle>Test Act</ShortTitle><Chapter><ConsolidatedNumber>T-1</ConsolidatedNumber></Chapter></Identification>
<Body><Section><MarginalNote>Short title</MarginalNote><Label>1</Label>
<Subsection><MarginalNote>Citation</MarginalNote><Label>(1)</Label><Text>This Act may be cited.</Text></Subsection>
<Subsection><Label>(2)</Label><Text>No heading.</Text></Subsection>
</Section></Body></Statute>"""


class OneDown(unittest.TestCase):
    def check(self, kind, raw, below):
        doc = kind.render(Path("test.xml"), raw)
        self.assertEqual(doc["top"]["headings"], [doc["top"]["headings"][0]])
        self.assertEqual(doc["top"]["one_down"], [below])
        self.assertEqual(doc["levels"]["1"], len(below))

    def test_uslm(self):
        self.check(uslm, USLM, [["a", "In General.\u2014"], ["b", ""]])

    def test_akn(self):
        self.check(akn, AKN, [["1", "Citation"], ["2", ""]])

    def test_clml(self):
        self.check(clml, CLML, [["1", "Citation"], ["2", ""]])

    def test_lims(self):
        self.check(lims, LIMS, [["1", "Citation"], ["2", ""]])


if __name__ == "__main__":
    unittest.main()
