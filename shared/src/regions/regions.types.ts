/** GB/T 2260 administrative divisions. */
export type RegionLevel = 'province' | 'city' | 'county';

export interface RegionDto {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  /** resident population (常住人口), when known */
  population: number | null;
  /** number of regions directly below */
  childCount: number;
}

export interface RegionTreeNode {
  code: string;
  name: string;
  level: RegionLevel;
  children?: RegionTreeNode[];
}
