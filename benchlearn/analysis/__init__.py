"""Pure maths on arrays and frames: no database, no SQLAlchemy, no files.

* :mod:`.ranking`: direction-aware ranks and peer statistics;
* :mod:`.similarity`: structural standardisation, nearest neighbours, clusters;
* :mod:`.composite`: the composite index with its rank intervals;
* :mod:`.statistics`: confidence intervals for proportions and rates, significance,
  funnel limits and overdispersion, on arrays;
* :mod:`.significance`: those applied to ranked tables, against each peer set's pooled value.
* :mod:`.convergence`: members against non-members, the change of mean and spread
  (improvement or convergence) with bootstrap intervals;
* :mod:`.did`: the staggered difference-in-differences of several members' plans
  (Callaway & Sant'Anna's group-time effects);
* :mod:`.rank_sets`: joint confidence sets for ranks from values and standard errors
  (Klein, Wright & Wieczorek 2020).

Everything here takes and returns NumPy arrays and pandas DataFrames, so it can
be tested and reused without a database; :mod:`benchlearn.compare` feeds it.
"""
