"""Pure maths on arrays and frames: no database, no SQLAlchemy, no files.

* :mod:`.ranking`: direction-aware ranks and peer statistics;
* :mod:`.similarity`: structural standardisation, nearest neighbours, clusters;
* :mod:`.composite`: the composite index with its rank intervals;
* :mod:`.statistics`: confidence intervals for proportions and rates, significance,
  funnel limits and overdispersion, on arrays;
* :mod:`.significance`: those applied to ranked tables, against each peer set's pooled value.

Everything here takes and returns NumPy arrays and pandas DataFrames, so it can
be tested and reused without a database; :mod:`benchlearn.compare` feeds it.
"""
