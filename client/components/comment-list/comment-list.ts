import CobrowseCommentList from './comment-list.component.ts';

export default CobrowseCommentList;
customElements.define('cobrowse-comment-list', CobrowseCommentList);

declare global {
  interface HTMLElementTagNameMap {
    'cobrowse-comment-list': CobrowseCommentList;
  }
}
