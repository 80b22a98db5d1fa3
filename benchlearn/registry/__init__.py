"""Who is compared with whom: municipalities, peer groups, reform crosswalks, good practice.

* :mod:`.municipalities`: registries (CSV or built-in) and a network's members in a year;
* :mod:`.members`: a network's members changed: who joins and who leaves in which year;
* :mod:`.peers`: explicit peer lists, and the ``--peers`` specification resolved into peer sets;
* :mod:`.crosswalk`: territorial reforms, old units to new ones;
* :mod:`.practices`: good practice shared by municipalities.
"""
