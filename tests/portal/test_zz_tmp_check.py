from tests.portal.test_closure_canary import TABLE, real_cache, world  # noqa
from tests.portal import canary_world as cw


def test_check(world):
    c = world.readers[cw.LEADER].client
    for path, q in [("/praktyki/eksport.xlsx", {}), ("/praktyki/eksport.csv", {"q": "sklplpub"}), ("/praktyki/", {"q": "sklplpub"}),
                    ("/praktyki/mapa/", {}), ("/spotkania/zdjecia/%d/pelne/" % world.photos[0].pk, {}),
                    ("/spotkania/kalendarz/%s.ics" % world.tokens[world.people[cw.LEADER].pk], {}), ("/wyniki/kanal.atom", {})]:
        r = c.get(path, q)
        print(path, q, r.status_code, r.get("Content-Type"), sorted(cw.markers_in(cw.text_of(r), path, tuple(q.items()))))
