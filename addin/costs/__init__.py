"""UK employment costs: statutory figures by tax year and the employer cost of a salary or a contractor."""
