"""How the HTML handout writes an arrow between two things (a giver and a taker, an
earlier value and a later): the arrow is shown and hidden from a screen reader, and the
empty box after it is read as the handout's word ``arrow_to``, which the stylesheet gives.
"""

#: An arrow, left to right, as the HTML handout writes it.
ARROW_READ = '<span aria-hidden="true">→</span><span class="arrow-to"></span>'
#: The same on a right-to-left page, where the arrow turns.
ARROW_READ_RIGHT_TO_LEFT = '<span aria-hidden="true">←</span><span class="arrow-to"></span>'
