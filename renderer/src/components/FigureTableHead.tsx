interface FigureTableHeadProps {
  /** What each row is: "Ward", "Locality", "Category". */
  readonly rowLabel: string;
  /** The figure's unit: "of 100", "per 1,000". */
  readonly figureLabel: string;
}

/** The head of a table of figures with their counts and denominators (a map's areas, a village's categories). */
export function FigureTableHead({ rowLabel, figureLabel }: FigureTableHeadProps) {
  return (
    <thead>
      <tr>
        <th scope="col">{rowLabel}</th>
        <th scope="col" className="numeric">
          {figureLabel}
        </th>
        <th scope="col" className="numeric">
          Count
        </th>
        <th scope="col" className="numeric">
          Denominator
        </th>
      </tr>
    </thead>
  );
}
