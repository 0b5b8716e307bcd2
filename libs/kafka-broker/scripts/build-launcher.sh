echo "(broker launcher build pending)"
