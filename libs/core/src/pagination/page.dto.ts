import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Page } from './cursor';

/**
 * The response schema of one page of `Item`s: `{ items, nextCursor }`. Extend it to name the schema
 * (`export class StudyPageDto extends pageDtoOf(StudyDto) {}`) or use it as is (named `<Item>Page`).
 */
export function pageDtoOf<T>(item: Type<T>): Type<Page<T>> {
  class PageDto implements Page<T> {
    @ApiProperty({ type: [item] })
    items: T[];

    @ApiProperty({ type: String, nullable: true, description: 'Opaque cursor of the next page; null on the last page' })
    nextCursor: string | null;
  }
  Object.defineProperty(PageDto, 'name', { value: `${item.name}Page` });
  return PageDto;
}
