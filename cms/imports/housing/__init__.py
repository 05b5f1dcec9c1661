"""Housing feeds: landlords' and housing companies' vacancies (CSV or JSON) as published listings."""
